import { canRecordMeetings, emptyDecision, emptyMeeting, meetingInput, splitOthers, validateMeeting } from './meetingsApi'

const OFFICER = { id: 'U2', label: '张镇长', detail: '城关镇 · t01_leader' }

describe('recording a meeting', () => {
  it('takes the other attendees one a line or separated by commas', () => {
    expect(splitOthers('派出所副所长\n 司法所所长，各村支部书记、 \n\n综治专干, 网格员')).toEqual([
      '派出所副所长',
      '司法所所长',
      '各村支部书记',
      '综治专干',
      '网格员',
    ])
  })

  it('asks for attendees, owners, and dates in order', () => {
    const form = emptyMeeting('2026-11-24')
    form.decisions.push(emptyDecision(), { content: '回访', owner: OFFICER, dueOn: '2026-11-20' })
    expect(validateMeeting(form, '2026-11-24')).toEqual({
      attendeeIds: 'meeting.needAttendees',
      'decisions.0.content': 'validation.required',
      'decisions.0.ownerId': 'meeting.needOwner',
      'decisions.1.dueOn': 'meeting.dueBeforeMeeting',
    })
    form.heldOn = '2026-11-25'
    form.others = '派出所副所长'
    form.decisions = []
    expect(validateMeeting(form, '2026-11-24')).toEqual({ heldOn: 'meeting.futureDate' })
  })

  it('sends the picked officials, cases, disputes and decisions by id', () => {
    const form = emptyMeeting('2026-11-24')
    form.kind = 'ANALYSIS'
    form.attendees = [OFFICER]
    form.others = '司法所所长'
    form.cases = [{ id: 'C1', label: '拖欠租金' }]
    form.disputes = [{ id: 'D1', label: '宅基地纠纷' }]
    form.decisions = [{ content: ' 三日内回访 ', owner: OFFICER, dueOn: '' }]
    expect(meetingInput('T1', form, 'key')).toEqual({
      unitId: 'T1',
      kind: 'ANALYSIS',
      heldOn: '2026-11-24',
      attendeeIds: ['U2'],
      attendees: ['司法所所长'],
      summary: null,
      caseIds: ['C1'],
      disputeIds: ['D1'],
      decisions: [{ content: '三日内回访', ownerId: 'U2', dueOn: null }],
      clientMutationId: 'key',
    })
  })

  it('offers recording to the roles the policy lets minute a meeting', () => {
    expect(canRecordMeetings(['township_officer'])).toBe(true)
    expect(canRecordMeetings(['village_head'])).toBe(true)
    expect(canRecordMeetings(['village_clerk'])).toBe(true) // the village's own weekly meeting
    expect(canRecordMeetings(['public_rater', 'assessor'])).toBe(false)
    expect(canRecordMeetings(undefined)).toBe(false)
  })
})
