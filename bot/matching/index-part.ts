import { RECORD } from "./packed-record.ts";

/**
 * Members of one (experience, language, stage), sorted by daily phase. Beside each slot sit its phase and a copy
 * of its packed record, so a scan reads candidates from consecutive memory instead of jumping around the table.
 */
export class IndexPart {
  slots: number[] = [];
  phases: number[] = [];
  records = new Int32Array(0);

  /** Sorts the slots and lays out their phases and records (after bulk `slots.push`). */
  seal(order: (x: number, y: number) => number, phase: Float64Array, table: Int32Array): void {
    this.slots.sort(order);
    this.phases = this.slots.map((slot) => phase[slot] ?? 0);
    this.records = new Int32Array(this.slots.length * RECORD);
    this.slots.forEach((slot, i) => copyRecord(table, slot * RECORD, this.records, i * RECORD));
  }

  insertAt(at: number, slot: number, phase: number, table: Int32Array): void {
    const n = this.slots.length;
    if ((n + 1) * RECORD > this.records.length) {
      const grown = new Int32Array(Math.max(4, n * 2) * RECORD);
      grown.set(this.records);
      this.records = grown;
    }
    this.records.copyWithin((at + 1) * RECORD, at * RECORD, n * RECORD);
    copyRecord(table, slot * RECORD, this.records, at * RECORD);
    this.slots.splice(at, 0, slot);
    this.phases.splice(at, 0, phase);
  }

  removeAt(at: number): void {
    const n = this.slots.length;
    this.records.copyWithin(at * RECORD, (at + 1) * RECORD, n * RECORD);
    this.slots.splice(at, 1);
    this.phases.splice(at, 1);
  }
}

function copyRecord(from: Int32Array, fromOffset: number, to: Int32Array, toOffset: number): void {
  for (let i = 0; i < RECORD; i++) to[toOffset + i] = from[fromOffset + i] ?? 0;
}
