// Comparison for benches/ob3.rs: the signature part of
// @digitalcredentials/verifier-core 1.0.0-beta.11's verifyCredential
// (vc.verifyCredential with the same suites and document loader, without
// its issuer-registry and schema lookups, which go to the network).
//
//   mkdir /tmp/vcbench && cd /tmp/vcbench
//   npm install @digitalcredentials/verifier-core@1.0.0-beta.11
//   cp <repo>/native-host/benches/ob3-verifier-core.mjs . && node ob3-verifier-core.mjs \
//     <repo>/tests/fixtures/verifier-core/credentials/v2-v2OBv3SpecExample.json
import { Ed25519Signature2020 } from '@digitalcredentials/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalcredentials/vc';
import { securityLoader } from '@digitalcredentials/security-document-loader';
import fs from 'fs';
const documentLoader = securityLoader({ fetchRemoteContexts: false }).build();
const suite = [new Ed25519Signature2020(), new DataIntegrityProof({ cryptosuite })];
const file = process.argv[2];
const cred = JSON.parse(fs.readFileSync(file));
const once = async () => { const t = process.hrtime.bigint(); const r = await vc.verifyCredential({credential: structuredClone(cred), suite, documentLoader, verifyMatchingIssuers: false}); return [Number(process.hrtime.bigint() - t) / 1e6, r]; };
const [w, r] = await once();
console.log(file.split('/').pop(), 'verified', r.verified, 'first call ms', w.toFixed(1));
for (let i = 0; i < 20; i++) await once();
const times = [];
for (let i = 0; i < 200; i++) times.push((await once())[0]);
times.sort((a, b) => a - b);
console.log('vc.verifyCredential median ms', times[100].toFixed(3), 'min', times[0].toFixed(3), 'p90', times[180].toFixed(3));
