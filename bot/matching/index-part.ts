import { grown } from "./typed-arrays.ts";

/**
 * Members of one (experience, language, stage), sorted by daily phase, with each one's phase beside its slot.
 * The scan reads candidates' packed records from the table: slot order (slot-order.ts) already puts members of
 * one experience, language and hour of the day side by side, so those reads stay within a few kilobytes. Typed
 * arrays only: at 100,000 members the index holds no objects for the collector to trace, and little memory.
 */
export class IndexPart {
  size = 0;
  slots: Int32Array = new Int32Array(0);
  phases: Float64Array = new Float64Array(0);
  /** A part over arrays made elsewhere (a shared index), read only. */
  static over(slots: Int32Array, phases: Float64Array): IndexPart {
    const part = new IndexPart();
    part.slots = slots;
    part.phases = phases;
    part.size = slots.length;
    return part;
  }

  /** Slots added by `collect` since the last `seal`. */
  private pending: number[] = [];

  collect(slot: number): void {
    this.pending.push(slot);
  }

  /** Sorts the collected slots and lays out their phases and records (after bulk `collect`). */
  seal(order: (x: number, y: number) => number, phase: Float64Array): void {
    const sorted = this.pending.sort(order);
    this.pending = [];
    const n = sorted.length;
    this.size = n;
    this.slots = Int32Array.from(sorted);
    this.phases = new Float64Array(n);
    for (let i = 0; i < n; i++) this.phases[i] = phase[sorted[i] ?? 0] ?? 0;
  }

  insertAt(at: number, slot: number, phase: number): void {
    const n = this.size;
    if (n + 1 > this.slots.length) {
      const room = Math.max(4, n * 2);
      this.slots = grown(this.slots, room);
      this.phases = grown(this.phases, room);
    }
    this.slots.copyWithin(at + 1, at, n);
    this.phases.copyWithin(at + 1, at, n);
    this.slots[at] = slot;
    this.phases[at] = phase;
    this.size = n + 1;
  }

  /** Takes the slot out if it is here. */
  remove(slot: number): void {
    const n = this.size;
    const at = this.slots.subarray(0, n).indexOf(slot);
    if (at < 0) return;
    this.slots.copyWithin(at, at + 1, n);
    this.phases.copyWithin(at, at + 1, n);
    this.size = n - 1;
  }
}
