/**
 * What {@link SidecarStorage.write} did: written, or not written because the file no longer
 * held what the write was based on; `current` is what it holds (undefined: no file).
 */
export type WriteOutcome =
  | { written: true }
  | { written: false; current: string | undefined };

/**
 * Reads and writes one sidecar file: the CLI on the local file system (`NodeSidecarStorage`),
 * the extension on `workspace.fs` (`WorkspaceSidecarStorage`), tests in memory.
 */
export interface SidecarStorage {
  /**
   * The sidecar's text, or undefined when it does not exist (never while another writer has it
   * moved away for an instant). Throws on other read errors.
   */
  read(): Promise<string | undefined>;
  /**
   * Compare-and-swap: replaces the sidecar with `content` atomically, but only if it still
   * holds `expected` (the text this write was based on; undefined: only if there is no file),
   * checked at the last moment the file system allows. Otherwise changes nothing and returns
   * what the file holds now. A storage that cannot compare may return nothing: the write then
   * counts as done (in-memory test storages only). Throws when the file cannot be written.
   */
  write(content: string, expected: string | undefined): Promise<WriteOutcome | void>;
  /**
   * True only when the file holds `content` now, byte for byte, and `content` is what this
   * storage last read or wrote: a cheap look (the bytes compared, not decoded, parsed or waited
   * on) that spares an action reading the sidecar again when nobody changed it (issue 12). False
   * whenever unsure (no such file, another text, a read error): the caller then reads. Optional;
   * never a reason to skip the compare-and-swap of {@link write}.
   */
  holds?(content: string): Promise<boolean>;
}
