import { createSubscriber } from 'svelte/reactivity';
import type { AnyNodeDefinition, NodeRegistry } from '../../core';

/** Read-only view of the registry whose lookups re-run in Svelte when a plugin adds or removes a type. */
export interface ReactiveRegistry {
  get(type: string): AnyNodeDefinition | undefined;
}

export function reactiveRegistry(registry: NodeRegistry): ReactiveRegistry {
  const subscribe = createSubscriber((update) => registry.onChange(update));
  return {
    get(type) {
      subscribe();
      return registry.get(type);
    },
  };
}
