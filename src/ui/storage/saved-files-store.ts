// The page's one store of kept sales files (see persistence/saved-files.ts). A module of its own, so that
// dataset.svelte.ts can forget a removed file without depending on the restore screens.
import { savedFileStore } from '../../persistence/saved-files.ts';

export const savedFiles = savedFileStore();
