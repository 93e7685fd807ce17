// The three views, in tab order.
export type View = 'containers' | 'namespaces' | 'processes';

export const VIEWS: readonly View[] = ['containers', 'namespaces', 'processes'];

export const VIEW_TITLES: Record<View, string> = { containers: 'Containers', namespaces: 'Namespaces', processes: 'Processes' };
