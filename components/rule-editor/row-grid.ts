/** Column template shared by the header and every row, so the virtualized rows line up without a <table>. */
export const ROW_HEIGHT = 40;
export const editGridClass = "grid grid-cols-[2rem_1.5rem_2.75rem_2.75rem_4.5rem_4.5rem_minmax(0,1fr)_minmax(0,14rem)_8.5rem] items-center gap-x-1";
export const viewGridClass = "grid grid-cols-[2.75rem_2.75rem_4.5rem_4.5rem_minmax(0,1fr)_minmax(0,14rem)] items-center gap-x-1";
