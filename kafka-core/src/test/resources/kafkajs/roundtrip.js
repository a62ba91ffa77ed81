// kafkajs 2.x against ZKafka's Kafka listener: admin creates a topic, a producer writes keyed
// messages, a consumer in a group reads them all. Prints one JSON line with what happened.
// Usage: node roundtrip.js <kafkajs module dir> <brokers> <topic> <group> <count>
const [kafkajsDir, brokers, topic, groupId, countArg] = process.argv.slice(2);
const { Kafka, logLevel } = require(kafkajsDir);
const count = parseInt(countArg, 10);
const kafka = new Kafka({ clientId: 'zkafka-kafkajs-test', brokers: brokers.split(','), logLevel: logLevel.WARN });

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  const topics = await admin.listTopics();
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
  await producer.send({ topic, messages });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Map();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${seen.size} of ${count} in 60 s`)), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        seen.set(message.key.toString(), message.value.toString());
        if (seen.size === count) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  const wrong = [...seen.entries()].filter(([k, v]) => v !== 'v' + k.substring(1)).length;
  console.log(JSON.stringify({ created, topicListed: topics.includes(topic), consumed: seen.size, wrong }));
}

main().then(() => process.exit(0), (e) => { console.error('FAILED', e); process.exit(1); });
