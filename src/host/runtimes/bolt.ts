// A read-only walk of a bbolt file (go.etcd.io/bbolt), enough for libpod's state
// database: podman 4 keeps its containers' state (and so their exit codes) only there
// (conmon's exit file is deleted once podman has read it). bbolt is copy-on-write, so
// old copies of a value stay in free pages: scanning the bytes would find stale states;
// only a walk from the newest valid meta page gives the current ones.
//
// Layout (bbolt's page.go, meta.go, bucket.go): every page starts with id u64, flags u16,
// count u16, overflow u32; pages 0 and 1 are metas (magic 0xED0CDAED, version 2,
// pageSize, flags, root bucket {root pgid u64, sequence u64}, freelist, pgid, txid);
// a branch page holds {pos u32, ksize u32, pgid u64} elements, a leaf page {flags u32,
// pos u32, ksize u32, vsize u32} (pos counted from the element); a leaf value with flag
// 1 is a bucket: {root pgid, sequence}, followed by the bucket's own page when root is 0.
const MAGIC = 0xed0cdaed;
const BRANCH = 0x01;
const LEAF = 0x02;
const BUCKET_LEAF = 0x01;
const HEADER = 16;

export type BoltEntry = { key: string; value?: Buffer; bucket?: BoltBucket };
/** A bucket: its entries in key order (read on demand). */
export type BoltBucket = { entries(): BoltEntry[]; get(key: string): BoltEntry | undefined };

export class BoltError extends Error {}

export function openBolt(buf: Buffer): BoltBucket {
  const metas = [metaAt(buf, 0, 4096)];
  if (metas[0]) metas.push(metaAt(buf, metas[0].pageSize, metas[0].pageSize));
  const best = metas.filter((m) => m !== undefined).sort((a, b) => b!.txid - a!.txid)[0];
  if (!best) throw new BoltError('not a bbolt file (no valid meta page)');
  return bucketAt(buf, best.pageSize, best.root, undefined);
}

function metaAt(buf: Buffer, offset: number, pageSize: number): { pageSize: number; root: number; txid: number } | undefined {
  if (buf.length < offset + HEADER + 72 || pageSize < 512) return undefined;
  const m = offset + HEADER;
  if (buf.readUInt32LE(m) !== MAGIC || buf.readUInt32LE(m + 4) !== 2) return undefined;
  return { pageSize: buf.readUInt32LE(m + 8), root: u64(buf, m + 16), txid: u64(buf, m + 48) };
}

const u64 = (buf: Buffer, at: number): number => Number(buf.readBigUInt64LE(at));

/** root 0: an inline bucket whose page is `inline`. */
function bucketAt(buf: Buffer, pageSize: number, root: number, inline: Buffer | undefined): BoltBucket {
  const entries = (): BoltEntry[] => {
    const out: BoltEntry[] = [];
    if (inline) walk(inline, 0, out, pageSize, buf, 0);
    else walk(buf, root * pageSize, out, pageSize, buf, 0);
    return out;
  };
  return { entries, get: (key) => entries().find((e) => e.key === key) };
}

function walk(src: Buffer, page: number, out: BoltEntry[], pageSize: number, file: Buffer, depth: number): void {
  if (depth > 64 || page + HEADER > src.length) throw new BoltError(`bad page at offset ${page}`);
  const flags = src.readUInt16LE(page + 8);
  const count = src.readUInt16LE(page + 10);
  for (let i = 0; i < count; i++) {
    const el = page + HEADER + i * 16;
    if (flags & BRANCH) {
      walk(file, u64(src, el + 8) * pageSize, out, pageSize, file, depth + 1);
    } else if (flags & LEAF) {
      const at = el + src.readUInt32LE(el + 4);
      const ksize = src.readUInt32LE(el + 8);
      const vsize = src.readUInt32LE(el + 12);
      if (at + ksize + vsize > src.length) throw new BoltError(`bad leaf element at offset ${el}`);
      const key = src.toString('latin1', at, at + ksize);
      const value = src.subarray(at + ksize, at + ksize + vsize);
      if (src.readUInt32LE(el) & BUCKET_LEAF) {
        const root = u64(value, 0);
        out.push({ key, bucket: bucketAt(file, pageSize, root, root === 0 ? value.subarray(16) : undefined) });
      } else out.push({ key, value });
    } else throw new BoltError(`page at offset ${page} is neither branch nor leaf`);
  }
}
