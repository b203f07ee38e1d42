// tfjs' "install our node backend" banner in every test run: the backend choice is ours (see
// @l0prune/backend), so the banner is noise. The cpu backend prints it on its first write unless
// told it has been used; marking it so changes nothing else (tfjs' IS_TEST flag would silence it
// too, but also turns on a per-kernel leak check that misfires on tfjs' own custom-gradient ops).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
if (cpu) cpu.firstUse = false;
