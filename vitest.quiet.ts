// tfjs' "install our node backend" banner in every test run: the backend choice is ours (see
// @l0prune/backend), so the banner is noise. IS_TEST is the flag tfjs itself checks before printing it.
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('IS_TEST', true);
