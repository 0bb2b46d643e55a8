import type { UserConfig, ViteUserConfig } from 'vitest/config';

export function praxisTestConfig(overrides?: ViteUserConfig['test']): UserConfig;
