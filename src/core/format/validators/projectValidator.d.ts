// Generated from schemas/project.schema.json by scripts/compileSchemas.mjs (npm run schemas); do not edit.
import type { ValidateFunction } from 'ajv';

/** Validates a value parsed from YAML against schemas/project.schema.json; errors in `validate.errors`. */
export declare const validate: ValidateFunction;
