/* A prototype a header declares: err_conflicting_gear_header.cbc defines
 * the gear with other parameter types. */
__code drain(int tag, double x);
