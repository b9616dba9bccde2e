package checks

import "reflect"

func callHandler(h any, args []any) error {
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	out := reflect.ValueOf(h).Call(in)
	if err, _ := out[0].Interface().(error); err != nil {
		return err
	}
	return nil
}
