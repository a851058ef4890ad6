/**
 * The exact request as the modal prints it: `VERB path`, then the JSON body, or the JSON patch as
 * a diff against the VM as read (`-` old value, `+` new value; `test` ops are the preconditions the
 * server checks before it writes anything).
 */
import type { FixRequest, JsonPatchOp } from '../../kubevirt/fixes';

const valueAt = (doc: unknown, path: string): unknown =>
  path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
      doc,
    );

const show = (v: unknown): string => JSON.stringify(v);

export interface DiffLine {
  sign: '-' | '+' | '=';
  text: string;
}

/** One line per patch op: preconditions as `=`, replaced values as `-` then `+`. */
export const patchDiff = (patch: JsonPatchOp[], current: unknown): DiffLine[] =>
  patch.flatMap((op): DiffLine[] => {
    switch (op.op) {
      case 'test':
        return [{ sign: '=', text: `${op.path} == ${show(op.value)}` }];
      case 'replace':
        return [
          { sign: '-', text: `${op.path}: ${show(valueAt(current, op.path))}` },
          { sign: '+', text: `${op.path}: ${show(op.value)}` },
        ];
      case 'add':
        return [{ sign: '+', text: `${op.path}: ${show(op.value)}` }];
      case 'remove':
        return [{ sign: '-', text: `${op.path}: ${show(valueAt(current, op.path))}` }];
    }
  });

export const requestLine = (request: FixRequest): string => `${request.method} ${request.path}`;

export const requestBodyText = (request: FixRequest): string | undefined =>
  request.method === 'PATCH'
    ? JSON.stringify(request.patch, null, 2)
    : request.body !== undefined
      ? JSON.stringify(request.body, null, 2)
      : undefined;
