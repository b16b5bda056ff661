export const ROW_HEIGHT = 40;
/**
 * Column template shared by the header and every row, so the virtualized rows line up without a <table>. Below `md`
 * the rule column keeps 10rem and the comment shrinks; the grid then scrolls sideways inside its frame (rule-table).
 */
export const editGridClass =
  "grid grid-cols-[2rem_1.5rem_2.75rem_2.75rem_4.5rem_4.5rem_minmax(0,1fr)_minmax(0,14rem)_8.5rem] max-md:grid-cols-[2rem_1.5rem_2.75rem_2.75rem_4.5rem_4.5rem_minmax(10rem,1fr)_minmax(0,8rem)_8.5rem] items-center gap-x-1";
export const viewGridClass =
  "grid grid-cols-[2.75rem_2.75rem_4.5rem_4.5rem_minmax(0,1fr)_minmax(0,14rem)] max-md:grid-cols-[2.75rem_2.75rem_4.5rem_4.5rem_minmax(10rem,1fr)_minmax(0,8rem)] items-center gap-x-1";
