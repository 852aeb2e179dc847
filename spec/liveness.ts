/**
 * The liveness check of exhaustive exploration: every guest syscall taken is
 * answered (a `guest.return` of its process) or its process ends. Checked
 * over the explored graph as: from every reachable state where pid p has a
 * syscall pending, some path leads to a state where it has not (no terminal
 * state, dead end or halt, and no set of states closed under every event, a
 * cycle the run cannot leave, that keeps p's syscall pending). This is
 * AG(pending(p) ⇒ EF ¬pending(p)): it needs no fairness assumption, and a path
 * that loops forever by choice (timer interrupts while p waits) is not a
 * violation as long as leaving the loop stays possible.
 *
 * The graph's states are orbit representatives, so an edge also carries the
 * renaming of pids it applied: p in its source is `perm[p - 1]` in its target.
 */

/** The explored graph's edges, in parallel arrays; `perm` indexes the renamings. */
export interface Edges {
  readonly from: number[];
  readonly to: number[];
  readonly perm: number[];
}

/** The states where a pid's syscall can never be answered, and the pid. */
export function unansweredSyscalls(
  pendings: readonly (readonly number[])[], edges: Edges, perms: readonly (readonly number[])[], processes: number,
): { readonly state: number; readonly pid: number }[] {
  const n = pendings.length;
  const node = (state: number, pid: number): number => state * processes + (pid - 1);
  // Reverse adjacency over (state, pid) nodes, in compressed rows.
  const count = new Int32Array(n * processes + 1);
  for (let e = 0; e < edges.from.length; e++) {
    const perm = perms[edges.perm[e]!]!;
    for (let p = 1; p <= processes; p++) count[node(edges.to[e]!, perm[p - 1] ?? p) + 1]!++;
  }
  for (let i = 1; i < count.length; i++) count[i]! += count[i - 1]!;
  const rows = new Int32Array(count[count.length - 1]!);
  const fill = count.slice();
  for (let e = 0; e < edges.from.length; e++) {
    const perm = perms[edges.perm[e]!]!;
    for (let p = 1; p <= processes; p++) rows[fill[node(edges.to[e]!, perm[p - 1] ?? p)]!++] = node(edges.from[e]!, p);
  }
  // Backwards from every node where the pid has nothing pending.
  const good = new Uint8Array(n * processes);
  const queue: number[] = [];
  for (let s = 0; s < n; s++) {
    for (let p = 1; p <= processes; p++) {
      if (!pendings[s]!.includes(p)) {
        good[node(s, p)] = 1;
        queue.push(node(s, p));
      }
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q]!;
    for (let i = count[at]!; i < count[at + 1]!; i++) {
      const before = rows[i]!;
      if (good[before] === 0) {
        good[before] = 1;
        queue.push(before);
      }
    }
  }
  const bad: { state: number; pid: number }[] = [];
  for (let s = 0; s < n; s++) for (let p = 1; p <= processes; p++) if (good[node(s, p)] === 0) bad.push({ state: s, pid: p });
  return bad;
}
