// Loaded by mocha before the tests (.mocharc.json): property tests run with a fixed seed, so a
// run is reproducible and CI cannot fail by chance. HASHIYA_FC_SEED=random explores new cases;
// HASHIYA_FC_SEED=<number> replays one (fast-check prints the seed of a failure).
import fc from 'fast-check';

const wanted = process.env.HASHIYA_FC_SEED ?? '20261129';
if (wanted !== 'random') fc.configureGlobal({ seed: Number(wanted) });
