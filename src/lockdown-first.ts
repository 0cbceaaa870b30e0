/**
 * Freezes the JavaScript intrinsics (SES `lockdown`) before any other module of the app runs,
 * so plugin code evaluated later in a Compartment cannot patch what the app relies on.
 */
import 'ses';

// localeTaming 'unsafe' keeps toLocaleString as the browser has it: the app formats counts with it ("5,000 frames").
lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', stackFiltering: 'verbose', overrideTaming: 'severe', evalTaming: 'unsafe-eval', localeTaming: 'unsafe' });
