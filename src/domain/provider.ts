/** The upstream learning platforms, by the names used in ids, config and errors. */
export type ProviderName = 'ruangkerja' | 'absorb' | 'selfcommunity';

export const PROVIDERS: readonly ProviderName[] = ['ruangkerja', 'absorb', 'selfcommunity'];

/** The GraphQL `Provider` enum value of a provider. */
export type ProviderEnum = 'RUANGKERJA' | 'ABSORB' | 'SELFCOMMUNITY';

export const toProviderEnum = (provider: ProviderName): ProviderEnum => provider.toUpperCase() as ProviderEnum;
export const fromProviderEnum = (value: ProviderEnum): ProviderName => value.toLowerCase() as ProviderName;
