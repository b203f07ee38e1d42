// Test helper shared by the packages' tests (not published).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Anything tfjs can save: a LayersModel or a GraphModel. */
interface Saveable {
  save(handler: tf.io.IOHandler, config?: tf.io.SaveConfig): Promise<tf.io.SaveResult>;
}

/** The ModelArtifacts model.save() produces, captured in memory. */
export async function artifactsOf(model: Saveable, includeOptimizer = false): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  return saved!;
}

/** Saves to and loads from memory, through the same serialization as files. */
export async function roundTrip(model: tfl.LayersModel, includeOptimizer = false): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(await artifactsOf(model, includeOptimizer)));
}
