/* Stack.h - the Stack Interface of the Gears OS paper (listing 2). */
#ifndef STACK_H
#define STACK_H
typedef struct Stack<Type, Impl> {
    union Data* stack;
    union Data* data;
    union Data* data1;
    __code whenEmpty(...);
    __code clear(Impl* stack, __code next(...));
    __code push(Impl* stack, Type* data, __code next(...));
    __code pop(Impl* stack, __code next(Type* data, ...));
    __code pop2(Impl* stack, __code next(Type* data, Type* data1, ...));
    __code isEmpty(Impl* stack, __code next(...), __code whenEmpty(...));
    __code get(Impl* stack, __code next(Type* data, ...));
    __code get2(Impl* stack, __code next(Type* data, Type* data1, ...));
    __code next(...);
} Stack;
#endif
