import type { CampaignResults, ResultEntry } from "../../api/types";
import { ordinal, turnoutText } from "./votes";

function names(entries: readonly ResultEntry[]): string {
  const list = entries.map((entry) => entry.name);
  return list.length <= 1
    ? (list[0] ?? "")
    : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/**
 * A vote's results: the podium once final, a bar chart of points whose numbers are text in a
 * table (a screen reader reads the table; the bars only draw it), and instant runoff's rounds.
 * While live the same shows as standings, not final.
 */
export function Results({ results }: { results: CampaignResults }) {
  const percent =
    results.eligible > 0
      ? Math.min(100, Math.floor((results.voted * 100) / results.eligible))
      : 0;
  const turnout = turnoutText({
    voted: results.voted,
    eligible: results.eligible,
    percentVoted: percent,
  });
  if (results.voted === 0) {
    return (
      <p className="muted" data-testid="no-ballots">
        No ballots were cast.{" "}
        {results.final ? "" : "Standings appear with the first ballot."}
      </p>
    );
  }
  const winners = results.entries.filter((entry) =>
    results.winnerIds.includes(entry.entryId),
  );
  const most = Math.max(1, ...results.entries.map((entry) => entry.points));
  return (
    <div
      className="results"
      data-testid={results.final ? "results" : "standings"}
    >
      <p className="muted">{turnout}.</p>
      {results.final && winners.length > 0 && (
        <p className="winner" data-testid="winner">
          {winners.length === 1
            ? `The winner: ${names(winners)}`
            : `A tie for first: ${names(winners)}`}
        </p>
      )}
      {results.final && (
        <ol className="podium" data-testid="podium" aria-label="Podium">
          {results.entries
            .filter((entry) => entry.place <= 3)
            .map((entry) => (
              <li key={entry.entryId} data-place={entry.place}>
                <span className={`medal medal-${entry.place}`}>
                  {ordinal(entry.place)}
                </span>{" "}
                {entry.name}
              </li>
            ))}
        </ol>
      )}
      <div className="table-wrap">
        <table className="points-chart" data-testid="points-chart">
          <caption>
            {results.final ? "Points by entry" : "Points so far"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Entry</th>
              <th scope="col">Points</th>
              <th scope="col">First choices</th>
            </tr>
          </thead>
          <tbody>
            {results.entries.map((entry) => (
              <tr key={entry.entryId} data-testid="result-row">
                <td>{ordinal(entry.place)}</td>
                <th scope="row">{entry.name}</th>
                <td className="bar-cell">
                  <span className="bar-value">{entry.points}</span>
                  <span
                    className="bar"
                    aria-hidden="true"
                    style={{ width: `${(entry.points / most) * 100}%` }}
                  />
                </td>
                <td>{entry.placeCounts[0] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {results.method === "instant_runoff" &&
        results.rounds &&
        results.rounds.length > 0 && <Rounds results={results} />}
    </div>
  );
}

/** Instant runoff round by round: each entry's ballots in each round, when it went out, and the ballots no longer counting. */
function Rounds({ results }: { results: CampaignResults }) {
  const rounds = results.rounds ?? [];
  const outIn = new Map<string, number>();
  rounds.forEach((round, index) =>
    round.eliminated.forEach((entryId) => outIn.set(entryId, index)),
  );
  return (
    <>
      <p className="hint">
        Each round counts every ballot for its best-ranked entry still in; the
        entry with the fewest goes out.
      </p>
      <div className="table-wrap">
        <table className="rounds" data-testid="rounds">
          <caption>Instant runoff rounds</caption>
          <thead>
            <tr>
              <th scope="col">Entry</th>
              {rounds.map((_, index) => (
                <th scope="col" key={index}>
                  Round {index + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.entries.map((entry) => (
              <tr key={entry.entryId}>
                <th scope="row">{entry.name}</th>
                {rounds.map((round, index) => {
                  const out = outIn.get(entry.entryId);
                  if (out !== undefined && index > out)
                    return (
                      <td key={index} className="muted">
                        –
                      </td>
                    );
                  const count = round.counts[entry.entryId] ?? 0;
                  return (
                    <td key={index}>
                      {count}
                      {out === index && (
                        <span className="badge out-badge"> out</span>
                      )}
                      {index === rounds.length - 1 &&
                        results.winnerIds.includes(entry.entryId) && (
                          <span className="badge winner-badge"> wins</span>
                        )}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">No longer counting</th>
              {rounds.map((round, index) => (
                <td key={index}>{round.exhausted}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
