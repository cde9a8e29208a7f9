/**
 * A map bounded by the total size of its values (`sizeOf` each; 1 by default, a count), least
 * recently used out first. `FiguresCache` bounds computed figures by their number, `ExportRunner`
 * its kept files by their bytes.
 */
export class Lru<V> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {}

  /** The value of `key`, now the most recently used; undefined when there is none. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Whether `key` is kept (its place in the order unchanged). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keeps `value` as the most recently used, then drops the least recently used beyond the capacity. */
  set(key: string, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.total += this.sizeOf(value);
    for (const [k, v] of this.entries) {
      if (this.total <= this.capacity) break;
      this.entries.delete(k);
      this.total -= this.sizeOf(v);
    }
  }

  delete(key: string): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.total -= this.sizeOf(value);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Number of values kept. */
  get size(): number {
    return this.entries.size;
  }

  /** Their total size (bytes for files). */
  get totalSize(): number {
    return this.total;
  }
}
