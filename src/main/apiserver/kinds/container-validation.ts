/**
 * Containers of a PodSpec (upstream `validateContainers`, `validateInitContainers`,
 * `validateContainerCommon`): names, images, ports, env, mounts, pull policy, resources,
 * probes, and the rules that differ between regular and init containers.
 */
import { isDNS1123Label } from '../../../shared/api/names.js';
import { validateEnv, validateEnvFrom } from './env-validation.js';
import { duplicate, forbidden, invalid, invalidEach, notFound, notSupported, required, type FieldError } from './field-errors.js';
import { isValidPortName, isValidPortNum, validateProtocol } from './network-checks.js';
import type { Container, ContainerPort, VolumeMount } from './pod-types.js';
import { validateLifecycle, validateProbe } from './probe-validation.js';
import { validateResourceRequirements } from './resources-validation.js';
import { noBacksteps } from './volume-validation.js';

/** What container checks need from the rest of the PodSpec. */
export interface ContainerContext {
  volumes: Set<string>;
  gracePeriod?: number;
}

/** Checks every kind of container shares. */
function validateContainerCommon(c: Container, path: string, ctx: ContainerContext): FieldError[] {
  const out: FieldError[] = [];
  if (!c.name) out.push(required(`${path}.name`));
  else out.push(...invalidEach(`${path}.name`, c.name, isDNS1123Label(c.name)));
  if (!c.image) out.push(required(`${path}.image`));
  out.push(...oneOf(c.terminationMessagePolicy, `${path}.terminationMessagePolicy`, ['File', 'FallbackToLogsOnError']));
  out.push(...validatePorts(c.ports, `${path}.ports`));
  out.push(...validateEnv(c.env, `${path}.env`));
  out.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  out.push(...validateVolumeMounts(c.volumeMounts, `${path}.volumeMounts`, ctx.volumes));
  out.push(...oneOf(c.imagePullPolicy, `${path}.imagePullPolicy`, ['Always', 'IfNotPresent', 'Never']));
  out.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  return out;
}

/** Required when empty, Unsupported when not one of `allowed`. */
function oneOf(value: string | undefined, path: string, allowed: readonly string[]): FieldError[] {
  if (!value) return [required(path)];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

function validatePorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      const problems = isValidPortName(port.name);
      if (problems.length) out.push(...invalidEach(`${p}.name`, port.name, problems));
      else if (names.has(port.name)) out.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) out.push(required(`${p}.containerPort`));
    else out.push(...invalidEach(`${p}.containerPort`, port.containerPort, isValidPortNum(port.containerPort)));
    if (port.hostPort) out.push(...invalidEach(`${p}.hostPort`, port.hostPort, isValidPortNum(port.hostPort)));
    out.push(...validateProtocol(port.protocol, `${p}.protocol`));
  });
  return out;
}

function validateVolumeMounts(mounts: VolumeMount[] | undefined, path: string, volumes: Set<string>): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) out.push(required(`${p}.name`));
    if (!volumes.has(m.name ?? '')) out.push(notFound(`${p}.name`, m.name ?? ''));
    if (!m.mountPath) out.push(required(`${p}.mountPath`));
    if (m.mountPath && seen.has(m.mountPath)) out.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    if (m.mountPath) seen.add(m.mountPath);
    if (m.subPath) out.push(...validateSubPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr && m.subPath) {
      out.push(invalid(`${p}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    }
  });
  return out;
}

/** Upstream `validateLocalDescendingPath`. */
function validateSubPath(subPath: string, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (subPath.startsWith('/')) out.push(invalid(path, subPath, 'must be a relative path'));
  return [...out, ...noBacksteps(subPath, path)];
}

/** Upstream `AccumulateUniqueHostPorts`: one `protocol/hostIP/hostPort` per pod. */
function hostPortConflicts(containers: Container[], path: string): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) out.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return out;
}

/** Regular containers: at least one, unique names, probes allowed, no `restartPolicy`. */
export function validateContainers(containers: Container[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  if (!containers || containers.length === 0) return [required(path)];
  const out: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    out.push(...validateContainerCommon(c, p, ctx));
    if (names.has(c.name ?? '')) out.push(duplicate(`${p}.name`, c.name ?? ''));
    else names.add(c.name ?? '');
    out.push(...validateProbesAndHooks(c, p, ctx));
    if (c.restartPolicy !== undefined) out.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  out.push(...hostPortConflicts(containers, path));
  return out;
}

function validateProbesAndHooks(c: Container, p: string, ctx: ContainerContext): FieldError[] {
  const out: FieldError[] = [];
  if (c.lifecycle) out.push(...validateLifecycle(c.lifecycle, `${p}.lifecycle`, ctx.gracePeriod));
  out.push(...validateProbe(c.livenessProbe, 'livenessProbe', `${p}.livenessProbe`, ctx.gracePeriod));
  out.push(...validateProbe(c.readinessProbe, 'readinessProbe', `${p}.readinessProbe`, ctx.gracePeriod));
  out.push(...validateProbe(c.startupProbe, 'startupProbe', `${p}.startupProbe`, ctx.gracePeriod));
  return out;
}

/**
 * Init containers: names unique across regular and init containers; probes and hooks only on
 * restartable (sidecar, `restartPolicy: Always`) init containers.
 */
export function validateInitContainers(inits: Container[] | undefined, regular: Container[] | undefined, path: string, ctx: ContainerContext): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (inits ?? []).forEach((c, i) => {
    const p = `${path}[${i}]`;
    out.push(...validateContainerCommon(c, p, ctx));
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !sidecar) out.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name ?? '')) out.push(duplicate(`${p}.name`, c.name ?? ''));
    else if (c.name) names.add(c.name);
    out.push(...hostPortConflicts([c], path));
    if (sidecar) {
      out.push(...validateProbesAndHooks(c, p, ctx));
      return;
    }
    for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (c[f]) out.push(forbidden(`${p}.${f}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return out;
}

/** Pod-only (not template) container check: no whitespace around the image. */
export function validateContainersOnlyForPod(containers: Container[] | undefined, path: string): FieldError[] {
  const out: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    if (c.image && c.image !== c.image.trim()) {
      out.push(invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    }
  });
  return out;
}
