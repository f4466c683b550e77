import { gql, type UserError } from '../../shared/graphql'
import type { EnteredYear, HolidayCalendar, toInput } from './calendar'

const YEAR_FIELDS = 'year source version enteredAt days { date kind name }'

export async function fetchCalendar(): Promise<HolidayCalendar> {
  const data = await gql<{ holidayCalendar: HolidayCalendar }>(
    `query HolidayCalendar { holidayCalendar { libraryFirstYear libraryLastYear nextMissingYear years { ${YEAR_FIELDS} } } }`,
  )
  return data.holidayCalendar
}

export async function enterYear(input: ReturnType<typeof toInput>): Promise<{ year: EnteredYear | null; userErrors: UserError[] }> {
  const data = await gql<{ enterHolidayYear: { year: EnteredYear | null; userErrors: UserError[] } }>(
    `mutation EnterHolidayYear($input: EnterHolidayYearInput!) {
      enterHolidayYear(input: $input) { year { ${YEAR_FIELDS} } userErrors { field message code } }
    }`,
    { input },
  )
  return data.enterHolidayYear
}
