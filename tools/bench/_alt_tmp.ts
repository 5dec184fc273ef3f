import { nameSimilarity } from '../../apps/identity/src/matching/similarity';
export class AltIndex {
  keys: string[] = []; owners: string[][] = [];
  byDelete = new Map<string, number[]>();
  byPrefix = new Map<string, number[]>();
  constructor(entries: Array<[string, string]>, private maxVariantLen = 16, private cap = 64, private maxCandidates = 32) {
    const slotOf = new Map<string, number>();
    for (const [owner, key] of entries) {
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = this.keys.length; slotOf.set(key, slot); this.keys.push(key); this.owners.push([]);
        push(this.byPrefix, `${key.slice(0, 3)}|${key.length}`, slot);
        if (key.length <= this.maxVariantLen) for (const v of variants(key)) push(this.byDelete, v, slot);
      }
      this.owners[slot].push(owner);
    }
  }
  query(key: string, threshold: number): string[] {
    const seen = new Set<number>();
    const chosen: number[] = [];
    const take = (list: number[] | undefined) => { if (!list) return; for (let i = 0; i < list.length && i < this.cap && chosen.length < this.maxCandidates; i++) { const s = list[i]; if (!seen.has(s)) { seen.add(s); chosen.push(s); } } };
    if (key.length <= this.maxVariantLen) for (const v of variants(key)) take(this.byDelete.get(v));
    const gap = Math.max(1, Math.ceil(key.length * 0.4));
    const p = key.slice(0, 3);
    take(this.byPrefix.get(`${p}|${key.length}`));
    for (let g = 1; g <= gap; g++) { take(this.byPrefix.get(`${p}|${key.length + g}`)); take(this.byPrefix.get(`${p}|${key.length - g}`)); }
    const out: string[] = [];
    for (const s of chosen) { const k = this.keys[s]; if (k !== key && nameSimilarity(key, k) >= threshold) out.push(...this.owners[s]); }
    return out;
  }
}
function push(m: Map<string, number[]>, k: string, v: number) { const l = m.get(k); if (l) l.push(v); else m.set(k, [v]); }
function variants(key: string): string[] { const out = [key]; for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1)); return out; }
