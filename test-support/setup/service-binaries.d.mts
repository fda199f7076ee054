export function findPostgresBinDir(): string | undefined
export function findRedisServer(): string | undefined
export function findNginx(): string | undefined
