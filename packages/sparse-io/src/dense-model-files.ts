import type * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from './atomic-write.js';
import { readWeights, writeWeights } from './weight-values.js';

/** Reads a tfjs dense model (model.json + weight shards) into ModelArtifacts (Node). */
export async function readDenseModel(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  const fs = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  const json = JSON.parse(await fs.readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  if (!json.modelTopology || !Array.isArray(json.weightsManifest))
    throw new Error(`${modelJsonPath} is not a tfjs model.json (no modelTopology/weightsManifest)`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) shards.push(new Uint8Array(await fs.readFile(join(dirname(modelJsonPath), p))));
  }
  const data = new Uint8Array(shards.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const s of shards) {
    data.set(s, at);
    at += s.length;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData: data.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

/** Writes ModelArtifacts as a tfjs dense model: `dir/model.json` + `dir/weights.bin` (atomic writes). */
export async function writeDenseModel(
  dir: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<{ jsonBytes: number; weightBytes: number }> {
  const { join } = await import('node:path');
  const { weightSpecs, weightData } = writeWeights(readWeights(artifacts));
  const json: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  const text = JSON.stringify(json);
  await writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array(weightData));
  await writeFileAtomic(join(dir, 'model.json'), text);
  return { jsonBytes: Buffer.byteLength(text), weightBytes: weightData.byteLength };
}
