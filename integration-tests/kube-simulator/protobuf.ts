/**
 * Just enough of the Kubernetes protobuf wire format to read access reviews. client-go sends
 * SelfSubjectAccessReviews as `application/vnd.kubernetes.protobuf` (kubernetes-mcp-server does,
 * before every all-namespace list): the 4-byte magic `k8s\0`, then a runtime.Unknown
 * (staging/src/k8s.io/apimachinery/pkg/runtime/generated.proto: 1 typeMeta {1 apiVersion, 2 kind},
 * 2 raw, 3 contentEncoding, 4 contentType) whose `raw` is the object
 * (staging/src/k8s.io/api/authorization/v1/generated.proto). The answer goes back as JSON: client-go
 * decodes by the response's Content-Type.
 */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field = { number: number; wireType: number; value: bigint | Buffer };

const readVarint = (buf: Buffer, at: number): [bigint, number] => {
  let result = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length && shift < 70n; i++) {
    const byte = buf[i];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, i + 1];
    shift += 7n;
  }
  throw new Error('truncated varint');
};

/** The fields of one message, in wire order (repeated fields appear several times). */
export const decodeFields = (buf: Buffer): Field[] => {
  const fields: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, afterKey] = readVarint(buf, at);
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new Error('field number 0');
    if (wireType === 0) {
      const [value, next] = readVarint(buf, afterKey);
      fields.push({ number, wireType, value });
      at = next;
    } else if (wireType === 2) {
      const [length, start] = readVarint(buf, afterKey);
      const end = start + Number(length);
      if (end > buf.length) throw new Error('truncated length-delimited field');
      fields.push({ number, wireType, value: buf.subarray(start, end) });
      at = end;
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (afterKey + size > buf.length) throw new Error('truncated fixed field');
      fields.push({ number, wireType, value: buf.subarray(afterKey, afterKey + size) });
      at = afterKey + size;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
};

const bytesOf = (fields: Field[], number: number): Buffer | undefined => {
  const last = fields.filter((f) => f.number === number && f.wireType === 2).pop();
  return last?.value as Buffer | undefined;
};

const stringOf = (fields: Field[], number: number): string | undefined =>
  bytesOf(fields, number)?.toString('utf8');

/** An object of string fields: only the ones present on the wire (proto2 optional). */
const strings = (buf: Buffer, names: Record<number, string>): Record<string, string> => {
  const fields = decodeFields(buf);
  const out: Record<string, string> = {};
  for (const [number, name] of Object.entries(names)) {
    const value = stringOf(fields, Number(number));
    if (value !== undefined) out[name] = value;
  }
  return out;
};

const RESOURCE_ATTRIBUTES = {
  1: 'namespace',
  2: 'verb',
  3: 'group',
  4: 'version',
  5: 'resource',
  6: 'subresource',
  7: 'name',
};
const NON_RESOURCE_ATTRIBUTES = { 1: 'path', 2: 'verb' };

export interface ProtobufEnvelope {
  apiVersion?: string;
  kind?: string;
  raw: Buffer;
}

/** Unwrap `k8s\0` + runtime.Unknown; throws when the bytes are not that envelope. */
export const decodeEnvelope = (body: Buffer): ProtobufEnvelope => {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('provided data does not have the protobuf envelope prefix');
  }
  const unknown = decodeFields(body.subarray(MAGIC.length));
  const typeMeta = bytesOf(unknown, 1);
  const meta = typeMeta ? strings(typeMeta, { 1: 'apiVersion', 2: 'kind' }) : {};
  return { ...meta, raw: bytesOf(unknown, 2) ?? Buffer.alloc(0) };
};

/**
 * A protobuf SelfSubjectAccessReview as the JSON object a client would have sent
 * (SelfSubjectAccessReview: 1 metadata, 2 spec {1 resourceAttributes, 2 nonResourceAttributes}).
 */
export const decodeSelfSubjectAccessReview = (body: Buffer): Record<string, unknown> => {
  const envelope = decodeEnvelope(body);
  const review = decodeFields(envelope.raw);
  const specBytes = bytesOf(review, 2);
  const spec: Record<string, unknown> = {};
  if (specBytes) {
    const specFields = decodeFields(specBytes);
    const resource = bytesOf(specFields, 1);
    const nonResource = bytesOf(specFields, 2);
    if (resource) spec.resourceAttributes = strings(resource, RESOURCE_ATTRIBUTES);
    if (nonResource) spec.nonResourceAttributes = strings(nonResource, NON_RESOURCE_ATTRIBUTES);
  }
  return {
    ...(envelope.apiVersion ? { apiVersion: envelope.apiVersion } : {}),
    ...(envelope.kind ? { kind: envelope.kind } : {}),
    spec,
  };
};

// --- encoding, for tests and clients that want to speak protobuf to the simulator -------------

const varint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
};

const field = (number: number, bytes: Buffer): Buffer =>
  Buffer.concat([varint((number << 3) | 2), varint(bytes.length), bytes]);

const stringFields = (values: Record<string, string | undefined>, names: Record<number, string>) =>
  Buffer.concat(
    Object.entries(names)
      .filter(([, name]) => values[name] !== undefined)
      .map(([number, name]) => field(Number(number), Buffer.from(values[name] as string))),
  );

/** The bytes client-go would send for this review (used by the tests). */
export const encodeSelfSubjectAccessReview = (spec: {
  resourceAttributes?: Record<string, string>;
  nonResourceAttributes?: Record<string, string>;
}): Buffer => {
  const specBytes = Buffer.concat([
    ...(spec.resourceAttributes
      ? [field(1, stringFields(spec.resourceAttributes, RESOURCE_ATTRIBUTES))]
      : []),
    ...(spec.nonResourceAttributes
      ? [field(2, stringFields(spec.nonResourceAttributes, NON_RESOURCE_ATTRIBUTES))]
      : []),
  ]);
  const raw = Buffer.concat([
    field(1, Buffer.alloc(0)),
    field(2, specBytes),
    field(3, Buffer.alloc(0)),
  ]);
  const typeMeta = stringFields(
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview' },
    { 1: 'apiVersion', 2: 'kind' },
  );
  return Buffer.concat([
    MAGIC,
    field(1, typeMeta),
    field(2, raw),
    field(3, Buffer.alloc(0)),
    field(4, Buffer.alloc(0)),
  ]);
};
