import type { EnterHolidayYearMutation, EnterHolidayYearMutationVariables, HolidayCalendarQuery } from '../../shared/api.generated'
import { gql, type UserError } from '../../shared/graphql'
import type { EnteredYear, HolidayCalendar, toInput } from './calendar'

const YEAR_FRAGMENT = /* GraphQL */ `fragment HolidayYearFields on HolidayYearEntry { year source version enteredAt days { date kind name } }`

export async function fetchCalendar(): Promise<HolidayCalendar> {
  const data = await gql<HolidayCalendarQuery>(
    /* GraphQL */ `query HolidayCalendar { holidayCalendar {
      libraryFirstYear libraryLastYear nextMissingYear years { ...HolidayYearFields } } }
    ${YEAR_FRAGMENT}`,
  )
  return data.holidayCalendar
}

export async function enterYear(input: ReturnType<typeof toInput>): Promise<{ year: EnteredYear | null; userErrors: UserError[] }> {
  const variables: EnterHolidayYearMutationVariables = { input }
  const data = await gql<EnterHolidayYearMutation>(
    /* GraphQL */ `mutation EnterHolidayYear($input: EnterHolidayYearInput!) {
      enterHolidayYear(input: $input) { year { ...HolidayYearFields } userErrors { field message code } }
    }
    ${YEAR_FRAGMENT}`,
    variables,
  )
  return data.enterHolidayYear
}
