/** The actors stage. (Placeholder until the stage lands: it leaves doc.entities empty.) */
import type { Doc } from '../doc.js';

export function actors(_doc: Doc): void {}
