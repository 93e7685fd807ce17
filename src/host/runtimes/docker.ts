// docker's own record of a container: /var/lib/docker/containers/<id>/config.v2.json,
// which dockerd rewrites (write + rename) on every state change. Trimmed, real (20.10):
//   {"State":{"Running":false,…,"Pid":0,"ExitCode":3,"Error":"","StartedAt":"2026-12-03T08:21:13.631153644Z",
//    "FinishedAt":"2026-12-03T08:21:13.633140728Z",…},"ID":"1c2dbb2128d5…","Name":"/nstop-rt-exit3",
//    "Image":"sha256:d743f5…","Config":{…,"Image":"nstop-rt-bb:1",…}}
import { goTime, int, obj, opt, str, type RuntimeRecord } from './record.js';

export function parseDockerConfig(text: string): RuntimeRecord | undefined {
  const j = obj(JSON.parse(text));
  const id = str(j['ID']);
  if (!id) return undefined;
  const state = obj(j['State']);
  const running = state['Running'] === true;
  const name = str(j['Name']);
  return {
    kind: 'docker',
    id,
    // docker keeps the name with a leading "/" (its old link namespace)
    ...(name ? { name: name.replace(/^\//, '') } : {}),
    // what the user asked for (a tag); the top-level Image is the resolved sha256
    ...opt('image', str(obj(j['Config'])['Image']) ?? str(j['Image'])),
    running,
    ...(!running && goTime(state['StartedAt']) === undefined ? { created: true } : {}),
    ...(running ? {} : opt('exitCode', int(state['ExitCode']))),
    ...(running ? {} : opt('finishedAt', goTime(state['FinishedAt']))),
    ...(running ? opt('pid', int(state['Pid']) || undefined) : {}),
  };
}
