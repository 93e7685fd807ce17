// Entry names from an archive (or a directory being copied) as path components under the
// image root. Normalising is tar's: "./a", "/a" and "a//b/./c/" are all plain relative
// names; "", "." and "/" name the root itself. A ".." anywhere is refused, even where it
// would stay inside ("a/../b"): no tar writer stores one, and only an attack needs it.

export const MAX_NAME_BYTES = 4096; // PATH_MAX
export const MAX_DEPTH = 256;
export const MAX_COMPONENT_BYTES = 255; // NAME_MAX

/** The components of `name` under the root ([] = the root), or why it is refused. */
export function entryPath(name: string): string[] | { refused: string } {
  if (name.includes('\0')) return { refused: 'the name contains a NUL byte' };
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return { refused: `the name is longer than ${MAX_NAME_BYTES} bytes` };
  const parts = name.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..')) return { refused: 'path leaves the image' };
  if (parts.length > MAX_DEPTH) return { refused: `the path is more than ${MAX_DEPTH} levels deep` };
  if (parts.some((c) => Buffer.byteLength(c) > MAX_COMPONENT_BYTES)) return { refused: `a path component is longer than ${MAX_COMPONENT_BYTES} bytes` };
  return parts;
}
