// One whole-process verification with DCC's verifier-core 1.0.0-beta.11
// (the signature part of verifyCredential, as ob3-verifier-core.mjs), as
// compare.sh times it against `badgelens verify`. Run from a directory
// where `npm install @digitalcredentials/verifier-core@1.0.0-beta.11` ran.
//   node verifier-core-once.mjs CREDENTIAL.json     (exit 1 unless verified)
import { Ed25519Signature2020 } from '@digitalcredentials/ed25519-signature-2020';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalcredentials/vc';
import { securityLoader } from '@digitalcredentials/security-document-loader';
import fs from 'fs';
const documentLoader = securityLoader({ fetchRemoteContexts: false }).build();
const suite = [new Ed25519Signature2020(), new DataIntegrityProof({ cryptosuite })];
const credential = JSON.parse(fs.readFileSync(process.argv[2]));
const r = await vc.verifyCredential({ credential, suite, documentLoader, verifyMatchingIssuers: false });
console.log('verified', r.verified);
process.exit(r.verified ? 0 : 1);
