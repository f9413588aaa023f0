import { createContext, useContext } from 'react';
import { FALLBACK_DATE_FORMAT, type DateFormat } from './clinic-date';

/**
 * The clinic's date format for typed dates, provided by the signed-in layout from the clinic settings. Without
 * it (before the settings load, or a component on its own in a test) fields use year-first, which no one can
 * read the wrong way round.
 */
const ClinicDateFormatContext = createContext<DateFormat>(FALLBACK_DATE_FORMAT);

export const ClinicDateFormatProvider = ClinicDateFormatContext.Provider;

export const useClinicDateFormat = (): DateFormat => useContext(ClinicDateFormatContext);
