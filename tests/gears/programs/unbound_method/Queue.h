#ifndef QUEUE_H
#define QUEUE_H
typedef struct Queue<Type, Impl> {
    union Data* queue;
    union Data* data;
    __code whenEmpty(...);
    __code put(Impl* queue, Type* data, __code next(...));
    __code take(Impl* queue, __code next(Type* data, ...));
    __code isEmpty(Impl* queue, __code next(...), __code whenEmpty(...));
    __code next(...);
} Queue;
#endif
