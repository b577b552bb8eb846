import { useEffect, useRef, useState, type FormEvent } from 'react'
import { checkNik } from '@shared/nik.js'
import type { PersonMatchView } from '@shared/people.js'
import { findMatches } from '../api/find-matches.js'
import { useTranslation } from 'react-i18next'
import type { RecommendedDestination } from '@shared/destinations.js'
import type { Incident } from '@shared/incidents.js'
import { ExampleTag } from '../../../components/badges.js'
import { ErrorNote } from '../../../components/error-note.js'
import { ApiError, newIdempotencyKey } from '../../../lib/api.js'
import { createHandover, type HandoverInput } from '../api/create-handover.js'
import { getIncidentDestinations } from '../api/get-incident-destinations.js'

const SEXES = ['male', 'female', 'unknown'] as const

function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`
}

/** Where the person went and who they are: recorded with the occupancy change in one step. */
export function HandoverForm({
  incident,
  teamId,
  onCancel,
  onDone,
  onQueue,
}: {
  incident: Incident
  teamId: string
  onCancel: () => void
  onDone: (place: string) => void
  /** No connection: the handover goes to the outbox (same body and key) and is sent later. */
  onQueue: (input: HandoverInput, key: string) => Promise<void>
}) {
  const { t } = useTranslation('team')
  const [options, setOptions] = useState<RecommendedDestination[] | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  // The destination the team chose when it started transporting, if it did.
  const [destinationId, setDestinationId] = useState(incident.destinationId ?? '')
  const [name, setName] = useState('')
  const [sex, setSex] = useState<(typeof SEXES)[number]>('unknown')
  const [age, setAge] = useState('')
  const [condition, setCondition] = useState('')
  const [nik, setNik] = useState('')
  const [receivedBy, setReceivedBy] = useState('')
  const [notes, setNotes] = useState('')
  const [override, setOverride] = useState(false)
  const [matches, setMatches] = useState<PersonMatchView[] | null>(null)
  const [same, setSame] = useState<PersonMatchView | null>(null)
  const [ruleReason, setRuleReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [tried, setTried] = useState(false)
  // One key (and one phone time) per content: a retry is the same request, recorded once.
  const attempt = useRef<{ body: string; key: string; at: string } | null>(null)

  useEffect(() => {
    getIncidentDestinations(incident.id).then(setOptions, setLoadError)
  }, [incident.id])

  // The server checks the same shape (shared/nik.ts): region code, birth date, serial.
  const nikInvalid = nik.trim() !== '' && !checkNik(nik.trim(), new Date()).ok
  const full = error instanceof ApiError && error.code === 'destination_full'
  const chosenKind = options?.find((o) => o.destination.id === destinationId)?.destination.kind
  // The city's rule for a returning person, when staff confirmed it is the same person.
  const rule = same?.recommendation ?? null
  const againstRule = Boolean(rule && chosenKind && chosenKind !== rule.destinationKind && ['rps', 'shelter', 'panti'].includes(chosenKind))
  const lookUp = async () => {
    setError(null)
    try {
      setMatches(
        await findMatches({
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(nik.trim() && !nikInvalid ? { nik: nik.trim() } : {}),
          sex,
          ...(age.trim() ? { approxAge: Math.round(Number(age)) } : {}),
          location: incident.location,
        }),
      )
    } catch (err) {
      setError(err)
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (!destinationId || !condition.trim() || !receivedBy.trim() || nikInvalid || (againstRule && ruleReason.trim().length < 3)) return
    const input: HandoverInput = {
      incidentId: incident.id,
      teamId,
      destinationId,
      person: {
        ...(name.trim() ? { name: name.trim() } : {}),
        sex,
        ...(age.trim() ? { approxAge: Math.round(Number(age)) } : {}),
        condition: condition.trim(),
        ...(nik.trim() ? { nik: nik.trim() } : {}),
      },
      receivedBy: receivedBy.trim(),
      ...(same ? { personId: same.personId } : {}),
      ...(againstRule ? { ruleOverrideReason: ruleReason.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(override ? { overrideCapacity: true } : {}),
    }
    const body = JSON.stringify(input)
    if (attempt.current?.body !== body) attempt.current = { body, key: newIdempotencyKey(), at: new Date().toISOString() }
    const sent: HandoverInput = { ...input, handedOverAt: attempt.current.at }
    const place = options?.find((o) => o.destination.id === destinationId)?.destination.name ?? ''
    setBusy(true)
    setError(null)
    try {
      await createHandover(sent, attempt.current.key)
      onDone(place)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'network') {
        await onQueue(sent, attempt.current.key)
        onDone(place)
      } else setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="handover" onSubmit={submit} noValidate data-testid="handover-form">
      <h3>{t('handover.title')}</h3>
      <fieldset>
        <legend>{t('handover.destination')} *</legend>
        <ErrorNote error={loadError} />
        {!options && !loadError && <p className="muted">{t('handover.loading')}</p>}
        {options && options.length === 0 && <div className="note note-warn">{t('handover.none')}</div>}
        <div className={`dest-options ${tried && !destinationId ? 'is-invalid' : ''}`}>
          {options?.map(({ destination: d, distanceM, openNow }) => (
            <label key={d.id} className={`dest-option ${destinationId === d.id ? 'is-chosen' : ''}`} data-testid={`handover-dest-${d.id}`}>
              <input type="radio" name="destination" value={d.id} checked={destinationId === d.id} onChange={() => setDestinationId(d.id)} />
              <span className="dest-option-main">
                <span className="row-wrap">
                  {d.isExample && <ExampleTag />}
                  <strong>{d.name}</strong>
                </span>
                <span className="small muted">
                  {t(`common:destinationKind.${d.kind}`)} · {formatDistance(distanceM)}
                  {!openNow && <span className="text-danger"> · {t('handover.closed')}</span>}
                </span>
              </span>
              <span className={`dest-free ${d.free === null ? 'no-limit' : ''}`}>{d.free === null ? t('handover.noLimit') : t('handover.free', { free: d.free })}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('handover.person')}</legend>
        <label className="field">
          <span>{t('handover.name')}</span>
          <input type="text" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="handover-name" />
        </label>
        <div className="field">
          <span>{t('handover.sex')}</span>
          <div className="segmented" role="group">
            {SEXES.map((s) => (
              <button key={s} type="button" aria-pressed={sex === s} onClick={() => setSex(s)} data-testid={`handover-sex-${s}`}>
                {t(`common:sex.${s}`)}
              </button>
            ))}
          </div>
        </div>
        <label className="field">
          <span>{t('handover.age')}</span>
          <input type="number" inputMode="numeric" min={0} max={130} value={age} onChange={(e) => setAge(e.target.value)} data-testid="handover-age" />
        </label>
        <label className="field">
          <span>{t('handover.condition')} *</span>
          <textarea
            value={condition}
            maxLength={1000}
            rows={2}
            placeholder={t('handover.conditionPlaceholder')}
            aria-invalid={tried && !condition.trim()}
            onChange={(e) => setCondition(e.target.value)}
            data-testid="handover-condition"
          />
        </label>
        <label className="field">
          <span>{t('handover.nik')}</span>
          <input type="text" inputMode="numeric" value={nik} maxLength={16} aria-invalid={nikInvalid} onChange={(e) => setNik(e.target.value.replace(/\D/g, ''))} data-testid="handover-nik" />
          {nikInvalid && <small className="text-danger">{t('handover.nikInvalid')}</small>}
        </label>
        <button type="button" className="btn" onClick={() => void lookUp()} disabled={!name.trim() && !nik.trim()} data-testid="handover-find-matches">
          {t('handover.findMatches')}
        </button>
        {matches && matches.length === 0 && <p className="small muted">{t('handover.noMatches')}</p>}
        {matches && matches.length > 0 && matches.every((m) => !('person' in m)) && <p className="small muted">{t('handover.matchesHidden')}</p>}
        {matches && matches.length > 0 && (
          <ul className="match-list" data-testid="handover-matches">
            {matches.map((m, i) => (
              <li key={m.personId} className={`match ${same?.personId === m.personId ? 'is-chosen' : ''}`} data-testid={`handover-match-${m.personId}`}>
                <div>
                  {/* A team is told that an earlier record exists and why, not whose it is (decision 016). */}
                  <strong>{'person' in m ? (m.person.name ?? '?') : t('handover.earlierRecord', { n: i + 1 })}</strong>
                  {'person' in m && m.person.aliases.length > 0 && <span className="small muted"> ({m.person.aliases.join(', ')})</span>}
                  <div className="small muted">
                    {t('handover.matchWhy', { pct: Math.round(m.score * 100), reasons: m.reasons.map((r) => t(`handover.reasons.${r}`)).join(', ') })}
                    {'person' in m && (
                      <>
                        {' · '}
                        {t('handover.pickups', { count: m.pickups })}
                        {m.lastOutcome ? ` · ${t(`handover.outcomes.${m.lastOutcome}`, { defaultValue: m.lastOutcome })}` : ''}
                      </>
                    )}
                  </div>
                  {m.recommendation && <div className="small text-danger">{t('handover.recommend', { kind: t(`common:destinationKind.${m.recommendation.destinationKind}`) })}</div>}
                </div>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-pressed={same?.personId === m.personId}
                  onClick={() => setSame(same?.personId === m.personId ? null : m)}
                  data-testid={`handover-same-${m.personId}`}
                >
                  {same?.personId === m.personId ? t('handover.notSame') : t('handover.same')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {againstRule && (
          <label className="field">
            <span>{t('handover.ruleReason', { kind: t(`common:destinationKind.${rule!.destinationKind}`) })} *</span>
            <input
              type="text"
              value={ruleReason}
              maxLength={500}
              aria-invalid={tried && ruleReason.trim().length < 3}
              onChange={(e) => setRuleReason(e.target.value)}
              data-testid="handover-rule-reason"
            />
          </label>
        )}
      </fieldset>
      <label className="field">
        <span>{t('handover.receivedBy')} *</span>
        <input type="text" value={receivedBy} maxLength={200} aria-invalid={tried && !receivedBy.trim()} onChange={(e) => setReceivedBy(e.target.value)} data-testid="handover-received-by" />
      </label>
      <label className="field">
        <span>{t('handover.notes')}</span>
        <textarea value={notes} maxLength={2000} rows={2} onChange={(e) => setNotes(e.target.value)} />
      </label>
      {(full || override) && (
        <label className="check">
          <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
          {t('handover.override')}
        </label>
      )}
      {tried && (!destinationId || !condition.trim() || !receivedBy.trim()) && <div className="note note-warn">{t('handover.missing')}</div>}
      <ErrorNote error={error} testId="handover-error" />
      <div className="handover-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common:cancel')}
        </button>
        <button type="submit" className="btn btn-ok btn-large" disabled={busy} data-testid="handover-submit">
          {busy ? t('handover.submitting') : t('handover.submit')}
        </button>
      </div>
    </form>
  )
}
