export function findPostgresBinDir(): string | undefined
export function findRedisServer(): string | undefined
