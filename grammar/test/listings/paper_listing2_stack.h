// ARGS: --emit=tree
// Listing 2 of the xv6 CbC paper: the Stack Interface, as a header.
#ifndef STACK_H
#define STACK_H
typedef struct Stack<Impl>{
    union Data* stack;
    union Data* data;
    union Data* data1;
    __code whenEmpty(...);
    __code clear(Impl* stack,__code next(...));
    __code push(Impl* stack,union Data* data, __code next(...));
    __code pop(Impl* stack, __code next(union Data*, ...));
    __code pop2(Impl* stack, __code next(union Data*, union Data*, ...));
    __code isEmpty(Impl* stack, __code next(...), __code whenEmpty(...));
    __code get(Impl* stack, __code next(union Data*, ...));
    __code get2(Impl* stack, __code next(union Data*, union Data*, ...));
    __code next(...);
} Stack;
#endif
