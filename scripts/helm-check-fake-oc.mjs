#!/usr/bin/env node
// A stand-in for `oc`, for running the chart's Job scripts without a cluster
// (charts/kubevirt-lightspeed-plugin/chart.spec.ts). Knows the few calls the Jobs make:
//   oc get <resource> <name> [-n ns] -o json [--ignore-not-found]
//   oc patch <resource> <name> [-n ns] --type=json|merge -p <patch>
//   oc delete <resource> <name> [-n ns] [--ignore-not-found]
// State lives in $FAKE_OC_DIR/state.json:
//   { "objects": { "<resource>/<namespace or empty>/<name>": object },
//     "rules": [{ "resource", "namespace" ("" = cluster-wide), "verbs", "resourceNames"? }] }
// When "rules" is present every call is checked against it first, as the API server checks RBAC
// before it looks the object up (Forbidden, exit 1). Every call is appended to calls.log as one
// JSON line. Patches follow RFC 6902 (add/remove/replace/test) and RFC 7386 (merge), and bump
// metadata.resourceVersion like the API server does. Behaviour imitated: the kube-apiserver RBAC
// authorizer (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac, resourceNames match the object
// name) and `oc get/delete --ignore-not-found` (empty output, exit 0), as of Kubernetes 1.33 / oc 4.20.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.FAKE_OC_DIR;
if (!dir) {
  process.stderr.write('fake oc: FAKE_OC_DIR is not set\n');
  process.exit(3);
}
const stateFile = path.join(dir, 'state.json');
const state = JSON.parse(readFileSync(stateFile, 'utf8'));
const argv = process.argv.slice(2);
appendFileSync(path.join(dir, 'calls.log'), `${JSON.stringify(argv)}\n`);

const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const RESOURCES = {
  olsconfigs: {
    aliases: ['olsconfig', 'olsconfigs', 'olsconfigs.ols.openshift.io'],
    cluster: true,
  },
  configmaps: { aliases: ['cm', 'configmap', 'configmaps'], cluster: false },
  consoles: { aliases: ['consoles.operator.openshift.io'], cluster: true },
};

const positional = [];
const flags = {};
for (let i = 0; i < argv.length; i += 1) {
  const arg = argv[i];
  const eq = /^(--?[a-z-]+)=(.*)$/s.exec(arg);
  if (eq) flags[eq[1]] = eq[2];
  else if (arg === '--ignore-not-found') flags[arg] = 'true';
  else if (arg.startsWith('-')) flags[arg] = argv[(i += 1)];
  else positional.push(arg);
}
const [verb, kind, name] = positional;
const resource = Object.keys(RESOURCES).find((r) => RESOURCES[r].aliases.includes(kind));
if (!resource || !name) fail(`fake oc: unsupported call: oc ${argv.join(' ')}`, 3);
const namespace = RESOURCES[resource].cluster
  ? ''
  : (flags['-n'] ?? flags['--namespace'] ?? 'default');
const key = `${resource}/${namespace}/${name}`;
const ignoreNotFound = flags['--ignore-not-found'] === 'true';

if (state.rules) {
  const allowed = state.rules.some(
    (r) =>
      r.resource === resource &&
      r.verbs.includes(verb) &&
      (r.namespace === '' || r.namespace === namespace) &&
      (!r.resourceNames || r.resourceNames.includes(name)),
  );
  if (!allowed) {
    fail(
      `Error from server (Forbidden): ${resource} "${name}" is forbidden: cannot ${verb} ` +
        `resource "${resource}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
    );
  }
}

const current = state.objects[key];
const save = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));
const notFound = () => fail(`Error from server (NotFound): ${resource} "${name}" not found`);

const pointer = (p) =>
  p
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

const applyJsonPatch = (doc, ops) => {
  for (const { op, path: p, value } of ops) {
    const keys = pointer(p);
    const last = keys.pop();
    let parent = doc;
    for (const k of keys) {
      if (parent === null || typeof parent !== 'object' || !(k in parent)) {
        fail(
          `The request is invalid: the server rejected our request due to an error in our request (${op} ${p}: missing parent)`,
        );
      }
      parent = parent[k];
    }
    const isArray = Array.isArray(parent);
    if (op === 'test') {
      if (JSON.stringify(parent?.[last]) !== JSON.stringify(value)) {
        fail(
          `The request is invalid: the server rejected our request due to an error in our request (test ${p} failed)`,
        );
      }
    } else if (op === 'add' || op === 'replace') {
      if (op === 'replace' && !(last in parent))
        fail(`The request is invalid: replace ${p}: no such member`);
      if (isArray && op === 'add')
        parent.splice(last === '-' ? parent.length : Number(last), 0, value);
      else parent[last] = value;
    } else if (op === 'remove') {
      if (!(last in parent)) fail(`The request is invalid: remove ${p}: no such member`);
      if (isArray) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      fail(`fake oc: unsupported JSON patch op ${op}`, 3);
    }
  }
};

const mergePatch = (target, patch) => {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
};

switch (verb) {
  case 'get':
    if (flags['-o'] !== 'json') fail(`fake oc: only -o json is supported`, 3);
    if (!current) {
      if (ignoreNotFound) process.exit(0);
      notFound();
    }
    process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
    break;
  case 'patch': {
    if (!current) notFound();
    let patch;
    try {
      patch = JSON.parse(flags['-p']);
    } catch {
      fail(`error: unable to parse "${flags['-p']}"`);
    }
    const doc = structuredClone(current);
    if (flags['--type'] === 'json') applyJsonPatch(doc, patch);
    else if (flags['--type'] === 'merge') mergePatch(doc, patch);
    else fail(`fake oc: unsupported patch type ${flags['--type']}`, 3);
    doc.metadata = doc.metadata ?? {};
    doc.metadata.resourceVersion = String(Number(current.metadata?.resourceVersion ?? 0) + 1);
    state.objects[key] = doc;
    save();
    process.stdout.write(`${resource}/${name} patched\n`);
    break;
  }
  case 'delete':
    if (!current) {
      if (ignoreNotFound) process.exit(0);
      notFound();
    }
    delete state.objects[key];
    save();
    process.stdout.write(`${resource} "${name}" deleted\n`);
    break;
  default:
    fail(`fake oc: unsupported verb ${verb}`, 3);
}
