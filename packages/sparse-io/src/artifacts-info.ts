import type * as tf from '@tensorflow/tfjs-core';

/** What tfjs' save() reports, for a sparse file of `fileBytes`. */
export function artifactsInfo(artifacts: tf.io.ModelArtifacts, fileBytes: number): tf.io.ModelArtifactsInfo {
  const data = artifacts.weightData;
  const weightDataBytes =
    data === undefined ? 0 : Array.isArray(data) ? data.reduce((s, b) => s + b.byteLength, 0) : data.byteLength;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: artifacts.modelTopology ? JSON.stringify(artifacts.modelTopology).length : 0,
    weightSpecsBytes: artifacts.weightSpecs ? JSON.stringify(artifacts.weightSpecs).length : 0,
    weightDataBytes,
    // Not a tfjs field: how large the sparse file actually is.
    ...({ sparseFileBytes: fileBytes } as object),
  };
}
