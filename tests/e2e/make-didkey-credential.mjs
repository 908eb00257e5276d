// Makes tests/e2e/fixtures/didkey-harvard.jwt: a validly signed OB 3.0
// credential (VC-JWT, EdDSA) whose issuer is a bare did:key that names
// itself "Harvard University" with url https://www.harvard.edu. Nothing ties
// that key to Harvard: the extension must never show it as green "Verified".
//   node tests/e2e/make-didkey-credential.mjs        (rewrites the fixture)
// The key comes from a fixed seed, so the output is the same on every run.
// Only node's own crypto is used (Ed25519); no network.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEED = crypto.createHash('sha256').update('badgelens e2e did:key harvard').digest();

// Ed25519 private key from a 32-byte seed: PKCS#8 DER prefix + seed.
const privateKey = crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SEED]), format: 'der', type: 'pkcs8',
});
const raw = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btc(bytes) {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let out = '';
  while (n > 0n) { out = ALPHABET[Number(n % 58n)] + out; n /= 58n; }
  for (const b of bytes) { if (b === 0) out = '1' + out; else break; }
  return out;
}
// did:key: multibase 'z' + base58btc(multicodec ed25519-pub 0xed 0x01 + key).
const fingerprint = 'z' + base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), raw]));
const did = `did:key:${fingerprint}`;
const kid = `${did}#${fingerprint}`;

const id = 'urn:uuid:4d0f7c1e-2b7a-4c55-9e1a-6a8f0e5b9c01';
const subject = 'did:example:jane-doe';
const vc = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: did, type: ['Profile'], name: 'Harvard University', url: 'https://www.harvard.edu' },
  validFrom: '2026-01-15T00:00:00Z',
  name: 'Data Science Certificate',
  credentialSubject: {
    id: subject, type: ['AchievementSubject'], name: 'Jane Doe',
    achievement: {
      id: 'urn:uuid:9b1f5a2e-0c3d-4e6f-8a7b-1c2d3e4f5a6b', type: ['Achievement'], name: 'Data Science Certificate',
      description: 'A self-asserted certificate: the issuer key names itself Harvard University.',
      criteria: { narrative: 'None: this is a test credential.' },
    },
  },
};
const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const header = { alg: 'EdDSA', typ: 'JWT', kid };
const payload = { iss: did, sub: subject, jti: id, nbf: Date.parse(vc.validFrom) / 1000, vc };
const input = `${b64u(header)}.${b64u(payload)}`;
const sig = crypto.sign(null, Buffer.from(input), privateKey).toString('base64url');
const out = path.join(HERE, 'fixtures', 'didkey-harvard.jwt');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${input}.${sig}\n`);
console.log(`${out}\nissuer ${did}`);
