/**
 * Answers what is asked during one turn of the event loop together: `answerAll` runs once that
 * turn's I/O is done (setImmediate), with every ask of the turn in the order asked, and must
 * answer them in the same order. A statement run this way for the requests a server read off its
 * sockets in one turn costs Postgres one wake-up and the server one write and one read, instead
 * of one each per request. Nothing is kept from one turn to the next. When `answerAll` fails,
 * every ask of its turn fails with its error.
 */
export function perTurn<Ask, Answer>(
  answerAll: (asks: Ask[]) => Promise<Answer[]>,
): (ask: Ask) => Promise<Answer> {
  let waiting: { ask: Ask; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[] = [];
  const answerWaiting = async () => {
    const batch = waiting;
    waiting = [];
    try {
      const answers = await answerAll(batch.map((one) => one.ask));
      for (let i = 0; i < batch.length; i++) batch[i]?.resolve(answers[i] as Answer);
    } catch (error) {
      for (const one of batch) one.reject(error);
    }
  };
  return (ask) =>
    new Promise<Answer>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(answerWaiting);
      waiting.push({ ask, resolve, reject });
    });
}
