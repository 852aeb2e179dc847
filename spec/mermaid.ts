/**
 * Renders a spec machine as a Mermaid state diagram, read straight off the
 * XState definition (states, initial states, transitions with their guards),
 * so the picture can never drift from the machine.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

const idOf = (node: AnyStateNode): string => node.path.join('_').replace(/[^A-Za-z0-9_]/g, '_') || 'root';

/** Mermaid labels cannot hold ':'; a symbol parameter is shown without its event type, features comma-separated. */
function paramText(eventType: string, value: unknown): string {
  const text = String(value);
  return (text.startsWith(`${eventType}:`) ? text.slice(eventType.length + 1) : text).replace(/:/g, ', ');
}

function guardLabel(eventType: string, guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return ` [${guard}]`;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    const args = params ? Object.values(params).map((v) => paramText(eventType, v)).join(', ') : '';
    return ` [${type}${args ? `(${args})` : ''}]`;
  }
  return ' [guard]';
}

function actionLabel(actions: readonly unknown[]): string {
  const names = actions.map((action) =>
    typeof action === 'string' ? action : typeof action === 'object' && action !== null && 'type' in action ? String(action.type) : 'action',
  );
  return names.length ? ` / ${names.join(', ')}` : '';
}

/** Edges leaving `node`; transitions between the same two states share one edge, labels stacked. */
function transitionLines(node: AnyStateNode, from: string): string[] {
  const labels = new Map<string, string[]>();
  for (const [eventType, transitions] of node.transitions) {
    for (const t of transitions) {
      const label = `${eventType}${guardLabel(eventType, t.guard)}${actionLabel(t.actions)}`;
      const targets = t.target?.length ? t.target.map(idOf) : [from];
      for (const to of targets) labels.set(to, [...(labels.get(to) ?? []), label]);
    }
  }
  return [...labels].map(([to, list]) => `  ${from} --> ${to} : ${list.join('<br/>')}`);
}

function structure(node: AnyStateNode, indent: string): string[] {
  const lines: string[] = [];
  const children = Object.values(node.states) as AnyStateNode[];
  const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}[*] --> ${idOf(initial)}`);
  for (const child of children) {
    const id = idOf(child);
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${id} {`, ...structure(child, `${indent}  `), `${indent}}`);
    } else {
      lines.push(`${indent}state "${child.key}" as ${id}`);
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
    }
  }
  return lines;
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...(Object.values(node.states) as AnyStateNode[]).flatMap(allNodes)];
}

/** The Mermaid `stateDiagram-v2` source of `machine`. Handlers on the root show on an `(any state)` node. */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root;
  const lines = ['stateDiagram-v2', ...structure(root, '  ')];
  if (root.transitions.size > 0) lines.push('  state "(any state)" as any_state', ...transitionLines(root, 'any_state'));
  for (const node of allNodes(root).slice(1)) lines.push(...transitionLines(node, idOf(node)));
  return `${lines.join('\n')}\n`;
}
