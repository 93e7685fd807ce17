// Which host a series came from: a `hostname` or `host` label where the scrape config
// sets one (relabelling), else Prometheus's own `instance` (HOST:PORT of the target).
// The port is left out where the hosts stay told apart without it: one `nstop serve` a
// machine is the usual fleet, and "web1" reads better than "web1:9758".

export function hostOf(labels: Readonly<Record<string, string>>): string {
  return labels['hostname'] ?? labels['host'] ?? labels['instance'] ?? labels['job'] ?? '?';
}

/** target (as hostOf says) -> what the HOST column shows */
export function shortHosts(targets: Iterable<string>): Map<string, string> {
  const all = [...new Set(targets)];
  const short = (t: string): string => {
    // "[::1]:9758", "10.0.0.2:9758", "web1:9758"; a label without a port stays
    const m = /^(\[[^\]]+\]|[^:]+):\d+$/.exec(t);
    return m ? m[1]! : t;
  };
  const count = new Map<string, number>();
  for (const t of all) count.set(short(t), (count.get(short(t)) ?? 0) + 1);
  return new Map(all.map((t) => [t, count.get(short(t)) === 1 ? short(t) : t]));
}
