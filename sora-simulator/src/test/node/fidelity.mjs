// Drives the simulator with the official `openai` package (its `videos` resource), as a real
// application would drive OpenAI's API. Prints one line per step; exits non-zero on any mismatch.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function untilDone(id) {
  for (let i = 0; i < 200; i++) {
    const v = await client.videos.retrieve(id);
    if (v.status === 'completed' || v.status === 'failed') return v;
    await sleep(50);
  }
  throw new Error(`video ${id} did not finish`);
}

const created = await client.videos.create({ model: 'sora-2', prompt: 'a calico cat playing a piano', seconds: '4', size: '1280x720' });
assert.equal(created.object, 'video');
assert.equal(created.status, 'queued');
assert.equal(created.model, 'sora-2');
console.log(`create ok ${created.id}`);

const done = await untilDone(created.id);
assert.equal(done.status, 'completed');
assert.equal(done.progress, 100);
assert.equal(typeof done.completed_at, 'number');
console.log(`retrieve ok ${done.status}`);

const ids = [];
for await (const v of client.videos.list({ limit: 1 })) ids.push(v.id);   // the SDK pages with `after`
assert.ok(ids.includes(created.id));
console.log(`list ok ${ids.length}`);

const remix = await client.videos.remix(created.id, { prompt: 'the same cat, now on drums' });
assert.equal(remix.remixed_from_video_id, created.id);
console.log(`remix ok ${remix.id}`);

const content = await client.videos.downloadContent(created.id);
const bytes = Buffer.from(await content.arrayBuffer());
assert.equal(bytes.subarray(4, 8).toString('ascii'), 'ftyp');
const thumb = await client.videos.downloadContent(created.id, { variant: 'thumbnail' });
assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
console.log(`download ok ${bytes.length}`);

const deleted = await client.videos.delete(remix.id);
assert.equal(deleted.deleted, true);
await assert.rejects(client.videos.retrieve(remix.id), (e) => e.status === 404);
console.log('delete ok');

// The SDK surfaces the API's validation error as it did OpenAI's: a BadRequestError naming the parameter.
await assert.rejects(client.videos.create({ model: 'sora-2', prompt: 'too big for sora-2', seconds: '8', size: '1792x1024' }),
  (e) => e instanceof OpenAI.BadRequestError && e.param === 'size' && e.code === 'invalid_value' && e.type === 'invalid_request_error');
await assert.rejects(client.videos.create({ model: 'sora-2', prompt: 'seven seconds', seconds: '7' }),
  (e) => e instanceof OpenAI.BadRequestError && e.param === 'seconds' && /Supported values are: '4', '8', and '12'/.test(e.message));
const pro = await client.videos.create({ model: 'sora-2-pro', prompt: 'a wide pro shot', seconds: '12', size: '1792x1024' });
assert.equal(pro.size, '1792x1024');
console.log('validation ok');

await assert.rejects(new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: 'wrong', maxRetries: 0 }).videos.retrieve(created.id),
  (e) => e instanceof OpenAI.AuthenticationError);
console.log('auth ok');
