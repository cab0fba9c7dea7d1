/** The events stage. (Placeholder until the stage lands: it leaves doc.events empty.) */
import type { Doc } from '../doc.js';

export function events(_doc: Doc): void {}
