/**
 * Freezes the JavaScript intrinsics (SES `lockdown`) before any other module of the app runs,
 * so plugin code evaluated later in a Compartment cannot patch what the app relies on.
 */
import 'ses';
import { STUDIO_LOCKDOWN } from './core/plugins/lockdown-options';

lockdown(STUDIO_LOCKDOWN);
