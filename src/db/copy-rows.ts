/**
 * Rows for COPY … FROM in PostgreSQL's binary format (Tx.copyRows).
 *
 * Why binary and not text: the server then reads each value as it is stored
 * instead of parsing it. Parsing an ISO instant and a double is most of what
 * COPY costs in PGlite's WebAssembly: 1M snapshot rows loaded in 5.2 s as
 * text and 4.2 s in this format (2.1 s and 1.1 s without the primary key).
 *
 * The format (PostgreSQL's COPY documentation, "Binary Format"): an 11-byte
 * signature, a 32-bit flags field and a 32-bit header extension length; then
 * per row a 16-bit field count and per field a 32-bit byte length followed by
 * the value in the type's send format (big-endian); then a 16-bit -1. Values
 * are written field by field, in the order of the COPY's column list, with
 * the method of the column's type.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** timestamptz is sent as microseconds since 2000-01-01 00:00 UTC. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;

export class CopyRows {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private at = 0;
  private fieldsLeft = 0;
  /** Rows begun so far. */
  count = 0;
  /** Encoded strings, by string: the same metric or source name is written on many rows. */
  private readonly textBytes = new Map<string, Buffer>();

  constructor(readonly fieldsPerRow: number) {
    this.reserve(SIGNATURE.length + 8);
    this.at += SIGNATURE.copy(this.buffer, this.at);
    this.at = this.buffer.writeInt32BE(0, this.at); // flags: no OIDs
    this.at = this.buffer.writeInt32BE(0, this.at); // no header extension
  }

  /** Begins a row; its fields follow, one call each. */
  row(): this {
    if (this.fieldsLeft !== 0) throw new Error(`COPY row ${this.count} has ${this.fieldsPerRow - this.fieldsLeft} of its ${this.fieldsPerRow} fields`);
    this.reserve(2);
    this.at = this.buffer.writeInt16BE(this.fieldsPerRow, this.at);
    this.fieldsLeft = this.fieldsPerRow;
    this.count += 1;
    return this;
  }

  /** A bigint column. */
  int8(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`COPY field: ${value} is not an integer a double holds exactly`);
    this.field(8);
    this.writeInt64(value);
    return this;
  }

  /** A double precision column. */
  float8(value: number): this {
    if (!Number.isFinite(value)) throw new RangeError(`COPY field: ${value} is not a finite number`);
    this.field(8);
    this.at = this.buffer.writeDoubleBE(value, this.at);
    return this;
  }

  /** A timestamptz column, from an instant in milliseconds since 1970 (Date.getTime()). */
  timestamptz(ms: number): this {
    if (!Number.isSafeInteger(ms)) throw new RangeError(`COPY field: ${ms} is not an instant in whole milliseconds`);
    this.field(8);
    const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
    // Beyond 2^53 µs (the year 2285) a double no longer holds every microsecond count.
    if (Number.isSafeInteger(micros)) this.writeInt64(micros);
    else this.at = this.buffer.writeBigInt64BE(BigInt(ms - POSTGRES_EPOCH_MS) * 1000n, this.at);
    return this;
  }

  /** A text column (UTF-8). */
  text(value: string): this {
    let bytes = this.textBytes.get(value);
    if (bytes === undefined) this.textBytes.set(value, (bytes = Buffer.from(value, 'utf8')));
    this.field(bytes.length);
    this.at += bytes.copy(this.buffer, this.at);
    return this;
  }

  /** The whole COPY data, trailer included. No field may be added after. */
  bytes(): Buffer {
    if (this.fieldsLeft !== 0) throw new Error(`COPY row ${this.count} has ${this.fieldsPerRow - this.fieldsLeft} of its ${this.fieldsPerRow} fields`);
    this.reserve(2);
    const end = this.buffer.writeInt16BE(-1, this.at);
    return this.buffer.subarray(0, end);
  }

  /** The length word of the next field, and room for its value. */
  private field(length: number): void {
    if (this.fieldsLeft === 0) throw new Error(`COPY row ${this.count} has more than its ${this.fieldsPerRow} fields`);
    this.fieldsLeft -= 1;
    this.reserve(4 + length);
    this.at = this.buffer.writeInt32BE(length, this.at);
  }

  /** A signed 64-bit integer from a safe integer: the high 32 bits (signed) then the low 32 (unsigned). */
  private writeInt64(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.at = this.buffer.writeInt32BE(high, this.at);
    this.at = this.buffer.writeUInt32BE(value - high * TWO_32, this.at);
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}
