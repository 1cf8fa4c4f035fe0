/* A header gearsc reads for types only (found through -I). */
#ifndef KONT_H
#define KONT_H
typedef __code (*kont)(int value, struct machine *m);
struct machine { kont halt; struct machine *parent; double scale; };
__code report(int value, struct machine *m);
#endif
