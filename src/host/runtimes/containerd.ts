// containerd's task bundle: <state>/io.containerd.runtime.v2.task/<namespace>/<id>/ with
// the OCI config.json (the CRI plugin puts the Kubernetes names in its annotations) and
// init.pid (the init's host pid, written by the shim). docker's own containerd keeps its
// tasks under /run/docker/containerd/daemon/…/moby/. The annotations of a CRI container
// (containerd's pkg/cri/annotations; none on this host: no kubelet here to make one):
//   "annotations":{"io.kubernetes.cri.container-type":"container",
//    "io.kubernetes.cri.container-name":"web","io.kubernetes.cri.sandbox-name":"web-7d9f",
//    "io.kubernetes.cri.sandbox-namespace":"default","io.kubernetes.cri.image-name":"nginx:1.25"}
// Trimmed, real (docker 20.10's moby namespace, no annotations):
//   {"ociVersion":"1.0.2-dev","process":{"args":["sleep","3000"]},"hostname":"f7043659c878",
//    "linux":{"cgroupsPath":"/docker/f7043659c878…"}}
import { obj, opt, str, type RuntimeRecord } from './record.js';

const CRI = 'io.kubernetes.cri.';

export function parseContainerdConfig(id: string, text: string, initPid: number | undefined): RuntimeRecord {
  const a = obj(obj(JSON.parse(text))['annotations']);
  const type = str(a[`${CRI}container-type`]);
  const pod = str(a[`${CRI}sandbox-name`]);
  const sandbox = type === 'sandbox';
  // nerdctl names its containers in its own annotation
  const name = sandbox ? pod : str(a[`${CRI}container-name`]) ?? str(a['nerdctl/name']);
  return {
    kind: 'containerd',
    id,
    ...opt('name', name),
    ...opt('image', str(a[`${CRI}image-name`])),
    ...opt('pod', pod),
    ...opt('podNamespace', str(a[`${CRI}sandbox-namespace`])),
    ...(sandbox ? { sandbox: true } : {}),
    ...opt('pid', initPid),
  };
}
