/** Every TypeORM entity, listed explicitly so source (tests) and build (runtime) load the same set. */
export const ENTITIES: Function[] = [];
